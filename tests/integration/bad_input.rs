//! Bad input: every case exits 2, names file/line/column, writes nothing.
