//! Bounds-checked access to guest linear memory. Every read or write of a
//! guest pointer goes through here, so a bad pointer becomes FAULT, never a
//! host panic.

use crate::errno::{FAULT, INVAL};

/// Result of an ABI call: `Err` carries the WASI errno to return.
pub type AbiResult<T> = Result<T, i32>;

/// Borrows `len` bytes at guest address `ptr`.
pub fn slice(mem: &[u8], ptr: u32, len: u32) -> AbiResult<&[u8]> {
    let start = ptr as usize;
    let end = start.checked_add(len as usize).ok_or(FAULT)?;
    mem.get(start..end).ok_or(FAULT)
}

/// Mutably borrows `len` bytes at guest address `ptr`.
pub fn slice_mut(mem: &mut [u8], ptr: u32, len: u32) -> AbiResult<&mut [u8]> {
    let start = ptr as usize;
    let end = start.checked_add(len as usize).ok_or(FAULT)?;
    mem.get_mut(start..end).ok_or(FAULT)
}

/// Reads a little-endian `N`-byte value.
fn read_bytes<const N: usize>(mem: &[u8], ptr: u32) -> AbiResult<[u8; N]> {
    let mut out = [0u8; N];
    out.copy_from_slice(slice(mem, ptr, N as u32)?);
    Ok(out)
}

/// Reads a guest `u8`.
pub fn read_u8(mem: &[u8], ptr: u32) -> AbiResult<u8> {
    Ok(read_bytes::<1>(mem, ptr)?[0])
}

/// Reads a guest `u16`.
pub fn read_u16(mem: &[u8], ptr: u32) -> AbiResult<u16> {
    read_bytes(mem, ptr).map(u16::from_le_bytes)
}

/// Reads a guest `u32`.
pub fn read_u32(mem: &[u8], ptr: u32) -> AbiResult<u32> {
    read_bytes(mem, ptr).map(u32::from_le_bytes)
}

/// Reads a guest `u64`.
pub fn read_u64(mem: &[u8], ptr: u32) -> AbiResult<u64> {
    read_bytes(mem, ptr).map(u64::from_le_bytes)
}

/// Writes bytes at a guest address.
pub fn write(mem: &mut [u8], ptr: u32, bytes: &[u8]) -> AbiResult<()> {
    let len = u32::try_from(bytes.len()).map_err(|_| INVAL)?;
    slice_mut(mem, ptr, len)?.copy_from_slice(bytes);
    Ok(())
}

/// Writes a guest `u8`.
pub fn write_u8(mem: &mut [u8], ptr: u32, v: u8) -> AbiResult<()> {
    write(mem, ptr, &[v])
}

/// Writes a guest `u16`.
pub fn write_u16(mem: &mut [u8], ptr: u32, v: u16) -> AbiResult<()> {
    write(mem, ptr, &v.to_le_bytes())
}

/// Writes a guest `u32`.
pub fn write_u32(mem: &mut [u8], ptr: u32, v: u32) -> AbiResult<()> {
    write(mem, ptr, &v.to_le_bytes())
}

/// Writes a guest `u64`.
pub fn write_u64(mem: &mut [u8], ptr: u32, v: u64) -> AbiResult<()> {
    write(mem, ptr, &v.to_le_bytes())
}

/// Reads a WASI iovec array (`{u32 buf, u32 len}` pairs) and checks that
/// every buffer lies inside guest memory.
pub fn iovecs(mem: &[u8], ptr: u32, count: u32) -> AbiResult<Vec<(u32, u32)>> {
    // Bound the table itself first so a huge count cannot make us allocate.
    slice(mem, ptr, count.checked_mul(8).ok_or(FAULT)?)?;
    let mut out = Vec::with_capacity(count as usize);
    for i in 0..count {
        let base = ptr + i * 8;
        let buf = read_u32(mem, base)?;
        let len = read_u32(mem, base + 4)?;
        slice(mem, buf, len)?;
        out.push((buf, len));
    }
    Ok(out)
}

/// Most bytes one read or write moves: iovecs may overlap, so their sum is
/// not bounded by guest memory, and a short transfer is always allowed.
pub const MAX_TRANSFER: usize = 4 << 20;

/// The length one read into `iovs` may fill.
pub fn capacity(iovs: &[(u32, u32)]) -> usize {
    iovs.iter()
        .map(|&(_, l)| l as usize)
        .fold(0usize, usize::saturating_add)
        .min(MAX_TRANSFER)
}

/// Copies the bytes of several guest buffers into one host buffer, at most
/// [`MAX_TRANSFER`] of them.
pub fn gather(mem: &[u8], iovs: &[(u32, u32)]) -> AbiResult<Vec<u8>> {
    let mut out = Vec::new();
    for &(buf, len) in iovs {
        let room = MAX_TRANSFER - out.len();
        let bytes = slice(mem, buf, len)?;
        out.extend_from_slice(&bytes[..bytes.len().min(room)]);
        if out.len() == MAX_TRANSFER {
            break;
        }
    }
    Ok(out)
}

/// Spreads `data` over several guest buffers, in order.
pub fn scatter(mem: &mut [u8], iovs: &[(u32, u32)], mut data: &[u8]) -> AbiResult<()> {
    for &(buf, len) in iovs {
        if data.is_empty() {
            break;
        }
        let n = data.len().min(len as usize);
        write(mem, buf, &data[..n])?;
        data = &data[n..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_bounds_is_fault() {
        let mut mem = vec![0u8; 16];
        assert_eq!(read_u32(&mem, 13), Err(FAULT));
        assert_eq!(read_u32(&mem, u32::MAX), Err(FAULT));
        assert_eq!(write_u64(&mut mem, 9, 1), Err(FAULT));
        assert!(write_u64(&mut mem, 8, 7).is_ok());
        assert_eq!(read_u64(&mem, 8), Ok(7));
        assert_eq!(iovecs(&mem, 0, u32::MAX), Err(FAULT));
    }

    #[test]
    fn scatter_gather_round_trip() {
        let mut mem = vec![0u8; 64];
        let iovs = [(10, 3), (20, 0), (30, 5)];
        scatter(&mut mem, &iovs, b"abcdefg").unwrap();
        assert_eq!(gather(&mem, &iovs).unwrap(), b"abcdefg\0");
    }
}
