//! nt ftp against real peers (being built).
