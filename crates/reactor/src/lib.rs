//! Single-threaded executor and reactor (work in progress).
