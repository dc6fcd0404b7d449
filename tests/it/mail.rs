//! nt mail against real peers (being built).
