//! nt chat against real peers (being built).
