//! Reading inputs: CSV plans and PSPLIB files.
