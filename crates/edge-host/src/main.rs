//! `edge-host`: runs a wasm32-wasip1 module the way `wasmedge` does, with
//! WasmEdge's socket extension, on wasmtime. See the crate README for the
//! command line and the known differences from WasmEdge.

mod addrinfo;
mod cache;
mod cli;
mod errno;
mod mem;
mod poll;
mod run;
mod sock_abi;
mod sockets;
mod state;
mod wasi_fd;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match cli::parse(&args) {
        Ok(cli::Command::Run(opts)) => opts,
        Ok(cli::Command::Help) => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(cli::Command::Version) => {
            println!("edge-host {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("edge-host: {msg}");
            return ExitCode::from(2);
        }
    };
    match run::run(&opts) {
        Ok(run::Outcome::Exit(code)) => exit(code),
        Ok(run::Outcome::Trap(msg)) => {
            eprintln!("edge-host: wasm trap: {msg}");
            exit(run::TRAP_EXIT)
        }
        Err(e) => {
            eprintln!("edge-host: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Exits with the guest's full status: `ExitCode` only carries a u8, and
/// the guest's code goes to the OS unchanged, as under WasmEdge.
fn exit(code: i32) -> ExitCode {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    std::process::exit(code)
}
