//! `wasmedge_quickjs.wasm`: runs a JavaScript program under WasmEdge.

fn main() {
    std::process::exit(launcher::main());
}
