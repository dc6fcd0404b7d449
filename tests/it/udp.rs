//! nt udp against real peers (being built).
