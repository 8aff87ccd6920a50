//! The WebAssembly façade of huntkit: what the npm package `huntkit` calls.
//!
//! Thin on purpose: each module converts JS values to the engines' Rust types, calls one
//! engine, and converts the result back (Arrow IPC bytes or plain JS values). Errors become
//! JS `Error`s whose `code` property is the engine's stable error code. No analysis lives
//! here.
//!
//! One boundary convention for every engine (`options.rs`): data arrives as bytes (Arrow
//! IPC, CSV or JSON) and is read by `huntkit-core`; options arrive as one JSON text whose
//! `read` key holds the read options; unknown keys are refused naming the key; `compat` is
//! `"huntkit"` (or its older name `"none"`) or `"msticpy"`. The TypeScript declarations of
//! every option type are generated from the Rust types (`tests/typescript.rs` writes
//! `js/src/options.generated.d.ts`), so they cannot drift from what is read here.
//!
//! Library code never panics: a panic in wasm aborts and leaves the instance unusable, so
//! every engine returns typed errors instead.
//!
//! From JavaScript, through the npm package:
//!
//! ```js
//! import { init, decodeTable } from "huntkit";
//! await init();
//! const records = decodeTable(csvText, "CommandLine", { maxDepth: 5, read: { lenient: true } });
//! ```

pub mod error;
pub mod options;
pub mod table;

mod decode;
mod geoip;
mod ioc;
mod net;
mod pivot;
mod proctree;
mod sessions;
mod ti;
mod timeline;
mod timeseries;
