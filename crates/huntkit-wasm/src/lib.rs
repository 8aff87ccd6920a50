//! The WebAssembly façade of huntkit.
//!
//! Thin on purpose: each module converts JS values to the engines' Rust types, calls one
//! engine, and converts the result back (Arrow IPC bytes or plain JS values). Errors become
//! JS `Error`s whose `code` property is the engine's stable error code. No analysis lives
//! here.
//!
//! Library code never panics: a panic in wasm aborts and leaves the instance unusable, so
//! every engine returns typed errors instead.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    clippy::todo,
    clippy::unimplemented
)]

pub mod error;
pub mod options;
pub mod table;

mod decode;
mod ioc;
mod proctree;
mod sessions;
mod timeline;
mod timeseries;
