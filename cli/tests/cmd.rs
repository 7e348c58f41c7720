//! Command-line scenarios, one case file each in `tests/cmd/` (trycmd, the
//! snapshot convention of the clap ecosystem): the arguments in
//! `NAME.toml`, the expected output in `NAME.stdout` / `NAME.stderr`, the
//! expected files in `NAME.out/` where a case writes one.
//!
//! Cases run from the repository root (`fs.cwd = "../../.."`) unless they
//! have a `NAME.in/` directory of their own. Refresh snapshots after an
//! intended change with `TRYCMD=overwrite cargo test -p proficient-cli --test cmd`
//! and read the diff. `tests/options.rs` checks that these cases run every
//! subcommand, every flag and every value of every enumerated flag.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin(
            "proficient",
            std::path::Path::new(env!("CARGO_BIN_EXE_proficient")),
        )
        .default_bin_name("proficient")
        .case("tests/cmd/*.toml");
}
