//! Reading inputs: CSV plans and PSPLIB files.

mod psplib;
pub use psplib::read_psplib;
