//! Authentication primitives shared by the server (admin bootstrap) and server functions.

pub mod password;
