// Object layouts (shapes) for objects built the same way over and over.
//
// QuickJS keeps a layout only while some object has it, and every property an object gains
// moves it to the next layout. An object built property by property (a literal, a
// constructor's assignments) therefore rebuilds each intermediate layout when the previous
// object of that kind is gone or has moved on. Keeping one object at each step lets later
// objects built in the same order find every step ready.

const retained = [];

/// Keeps the layouts `obj` went through (its prototype, then its own properties in order,
/// each with its attributes) alive for later objects built the same way. Bounded by what
/// callers pass: once per kind of object.
export function retainShapes(obj) {
  const proto = Object.getPrototypeOf(obj);
  const names = Object.getOwnPropertyNames(obj);
  const attrs = names.map((name) => {
    const d = Object.getOwnPropertyDescriptor(obj, name);
    // The values do not matter, and keeping them would keep what they reference.
    if ('value' in d) d.value = undefined;
    return d;
  });
  for (let n = 1; n <= names.length; n++) {
    const step = Object.create(proto);
    for (let i = 0; i < n; i++) Object.defineProperty(step, names[i], attrs[i]);
    retained.push(step);
  }
}
