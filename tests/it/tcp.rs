//! nt tcp against real peers (being built).
