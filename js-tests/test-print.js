// test-print.js: the launcher runs a script and `print` writes whole lines to stdout.
//
// @expect-stdout: hello
// @expect-stdout: 42 true null
// @expect-stdout: héllo wörld ✓ 🚀
// @expect-stdout: [1,{"a":"b"}]
// @expect-stdout: last line

print('hello');
print(`${40 + 2} ${true} ${null}`);
print('héllo wörld ✓ 🚀');
print(JSON.stringify([1, { a: 'b' }]));
print('last line');
