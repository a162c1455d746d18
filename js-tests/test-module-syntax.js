// test-module-syntax.js: the entry script is an ES module: top-level await, classes,
// destructuring and promise jobs all run before the program ends.
//
// @expect-stdout: awaited 3
// @expect-stdout: sorted 1,2,3,5,8
// @expect-stdout: then-callback ran

class Counter {
  #n = 0;
  add(k) {
    this.#n += k;
    return this;
  }
  get value() {
    return this.#n;
  }
}
const { value } = await Promise.resolve(new Counter().add(1).add(2));
print(`awaited ${value}`);
print(`sorted ${[5, 3, 8, 1, 2].sort((a, b) => a - b).join(',')}`);
Promise.resolve().then(() => print('then-callback ran'));
