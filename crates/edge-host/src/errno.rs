//! WASI errno values (with WasmEdge's name-lookup extension) and the
//! mapping from host `errno` values to them.

/// Operation succeeded.
pub const SUCCESS: i32 = 0;
/// Address in use.
pub const ADDRINUSE: i32 = 3;
/// Address not available.
pub const ADDRNOTAVAIL: i32 = 4;
/// Address family not supported.
pub const AFNOSUPPORT: i32 = 5;
/// Resource unavailable, try again.
pub const AGAIN: i32 = 6;
/// Bad file descriptor.
pub const BADF: i32 = 8;
/// File exists; WasmEdge also reports it for a duplicate poll subscription.
pub const EXIST: i32 = 20;
/// Bad address: a guest pointer out of bounds.
pub const FAULT: i32 = 21;
/// Invalid argument.
pub const INVAL: i32 = 28;
/// Not a socket.
pub const NOTSOCK: i32 = 57;
/// Not supported.
pub const NOTSUP: i32 = 58;
/// Name lookup: the name is not known (WasmEdge extension).
pub const AINONAME: i32 = 84;
/// Name lookup: the service is not known (WasmEdge extension).
pub const AISERVICE: i32 = 85;

/// Maps a host `errno` to the WASI errno WasmEdge reports for it.
pub fn from_host(code: i32) -> i32 {
    use libc::*;
    match code {
        0 => SUCCESS,
        E2BIG => 1,
        EACCES => 2,
        EADDRINUSE => ADDRINUSE,
        EADDRNOTAVAIL => ADDRNOTAVAIL,
        EAFNOSUPPORT => AFNOSUPPORT,
        EAGAIN => AGAIN,
        EALREADY => 7,
        EBADF => BADF,
        EBADMSG => 9,
        EBUSY => 10,
        ECANCELED => 11,
        ECHILD => 12,
        ECONNABORTED => 13,
        ECONNREFUSED => 14,
        ECONNRESET => 15,
        EDEADLK => 16,
        EDESTADDRREQ => 17,
        EDOM => 18,
        EDQUOT => 19,
        EEXIST => EXIST,
        EFAULT => FAULT,
        EFBIG => 22,
        EHOSTUNREACH => 23,
        EIDRM => 24,
        EILSEQ => 25,
        EINPROGRESS => 26,
        EINTR => 27,
        EINVAL => INVAL,
        EIO => 29,
        EISCONN => 30,
        EISDIR => 31,
        ELOOP => 32,
        EMFILE => 33,
        EMLINK => 34,
        EMSGSIZE => 35,
        EMULTIHOP => 36,
        ENAMETOOLONG => 37,
        ENETDOWN => 38,
        ENETRESET => 39,
        ENETUNREACH => 40,
        ENFILE => 41,
        ENOBUFS => 42,
        ENODEV => 43,
        ENOENT => 44,
        ENOEXEC => 45,
        ENOLCK => 46,
        ENOLINK => 47,
        ENOMEM => 48,
        ENOMSG => 49,
        ENOPROTOOPT => 50,
        ENOSPC => 51,
        ENOSYS => 52,
        ENOTCONN => 53,
        ENOTDIR => 54,
        ENOTEMPTY => 55,
        ENOTRECOVERABLE => 56,
        ENOTSOCK => NOTSOCK,
        EOPNOTSUPP => NOTSUP,
        ENOTTY => 59,
        ENXIO => 60,
        EOVERFLOW => 61,
        EOWNERDEAD => 62,
        EPERM => 63,
        EPIPE => 64,
        EPROTO => 65,
        EPROTONOSUPPORT => 66,
        EPROTOTYPE => 67,
        ERANGE => 68,
        EROFS => 69,
        ESPIPE => 70,
        ESRCH => 71,
        ESTALE => 72,
        ETIMEDOUT => 73,
        ETXTBSY => 74,
        EXDEV => 75,
        // Anything else has no WASI name; I/O error is the closest.
        _ => 29,
    }
}

/// The WASI errno of the calling thread's last host error.
pub fn last_host() -> i32 {
    from_host(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_socket_errors() {
        assert_eq!(from_host(libc::ECONNREFUSED), 14);
        assert_eq!(from_host(libc::EADDRINUSE), 3);
        assert_eq!(from_host(libc::EINPROGRESS), 26);
        assert_eq!(from_host(libc::EPIPE), 64);
        assert_eq!(from_host(libc::EWOULDBLOCK), AGAIN);
        assert_eq!(from_host(0), SUCCESS);
    }
}
