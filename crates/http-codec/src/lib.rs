//! A sans-IO HTTP/1.1 codec (work in progress).
