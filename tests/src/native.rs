//! The native build of sekvm-hyp (`sekvm_hyp::ffi`, the host simulation) put in the state of a
//! counterexample: the spec value of `el2_data` is written, as bytes laid out by the IR's struct
//! layouts ([`crate::c_image`]), into the C global, and read back after the call.
//!
//! Only `el2_data` is loaded: the hardware part of the state (`Hw`) is not, so replays are for
//! functions that do not reach the hardware primitives.

use crate::c_image::image;
use autov::ir::Module;
use autov::spec::Value;
use sekvm_hyp::ffi;
use sekvm_hyp::machine::Machine;

/// Writes `el2`, a spec value of `El2Data`, into the native `el2_data` of the machine `_m` holds.
pub fn load_el2(_m: &mut Machine, module: &Module, el2: &Value) -> Result<(), String> {
    let bytes = image(module, "el2_data", el2)?;
    let size = unsafe { ffi::sim_el2_data_size() } as usize;
    if size != bytes.len() {
        return Err(format!(
            "the native el2_data has {size} bytes, the IR's layout {}",
            bytes.len()
        ));
    }
    // The pointer is the address of the (mutable) C global; the machine lock is held.
    let dst = unsafe { ffi::sim_el2_data_ptr() } as *mut u8;
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), dst, size) };
    Ok(())
}

/// The bytes of the native `el2_data` of the machine `_m` holds.
pub fn el2_bytes(_m: &Machine) -> Vec<u8> {
    let (ptr, size) = unsafe { (ffi::sim_el2_data_ptr(), ffi::sim_el2_data_size()) };
    unsafe { std::slice::from_raw_parts(ptr, size as usize) }.to_vec()
}
