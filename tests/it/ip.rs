//! nt ip against real peers (being built).
