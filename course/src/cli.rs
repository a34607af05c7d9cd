//! The command line: `cargo course [COMMAND]`, parsed by argh.
//!
//! `cargo course` is an alias for `cargo run -q -p course --` (see `.cargo/config.toml`), so
//! this program sees the subcommand first, as `argh::from_env` expects.

use argh::FromArgs;

/// The pynet course: lessons, exercises and their checks.
#[derive(FromArgs, Debug)]
pub struct Args {
    /// what to do (default: list)
    #[argh(subcommand)]
    pub command: Option<Command>,
}

/// One `cargo course` subcommand.
#[derive(FromArgs, Debug)]
#[argh(subcommand)]
pub enum Command {
    List(List),
    Check(Check),
    Watch(Watch),
    Hint(Hint),
    Run(Run),
    Solution(Solution),
    Verify(Verify),
}

/// show every lesson, its exercises and their state, and what to do next
#[derive(FromArgs, Debug)]
#[argh(subcommand, name = "list")]
pub struct List {}

/// build and test one exercise: `cargo course check echo`
#[derive(FromArgs, Debug)]
#[argh(subcommand, name = "check")]
pub struct Check {
    /// the exercise, as `cargo course list` names it (default: the first one not yet done)
    #[argh(positional)]
    pub exercise: Option<String>,
}

/// re-check the current exercise each time a file of it is saved (Ctrl-C stops)
#[derive(FromArgs, Debug)]
#[argh(subcommand, name = "watch")]
pub struct Watch {}

/// show the hint for one exercise: `cargo course hint echo`
#[derive(FromArgs, Debug)]
#[argh(subcommand, name = "hint")]
pub struct Hint {
    /// the exercise (default: the first one not yet done)
    #[argh(positional)]
    pub exercise: Option<String>,
}

/// run your exercise's program: `cargo course run echo -- server --port 50000`
#[derive(FromArgs, Debug)]
#[argh(subcommand, name = "run")]
pub struct Run {
    /// the exercise
    #[argh(positional)]
    pub exercise: String,
    /// the program's own arguments, after `--`
    #[argh(positional, greedy)]
    pub args: Vec<String>,
}

/// run the solved program, for instructors: `cargo course solution echo -- server --port 50000`
#[derive(FromArgs, Debug)]
#[argh(subcommand, name = "solution")]
pub struct Solution {
    /// the exercise
    #[argh(positional)]
    pub exercise: String,
    /// the program's own arguments, after `--`
    #[argh(positional, greedy)]
    pub args: Vec<String>,
}

/// prove the course whole: every solution passes, every test of every stub fails, every lesson
/// has its chapter, programs, exercise and solution, and nothing is stray
#[derive(FromArgs, Debug)]
#[argh(subcommand, name = "verify")]
pub struct Verify {}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, argh::EarlyExit> {
        Args::from_args(&["course"], args)
    }

    #[test]
    fn no_command_means_list() {
        assert!(parse(&[]).unwrap().command.is_none());
    }

    #[test]
    fn run_passes_everything_after_the_exercise_to_the_program() {
        for args in [
            &["run", "echo", "--", "server", "--port", "50000"][..],
            &["run", "echo", "server", "--port", "50000"][..],
        ] {
            match parse(args).unwrap().command {
                Some(Command::Run(run)) => {
                    assert_eq!(run.exercise, "echo");
                    assert_eq!(run.args, ["server", "--port", "50000"]);
                }
                other => panic!("{args:?} parsed as {other:?}"),
            }
        }
    }

    #[test]
    fn solution_takes_the_program_s_help_flag_too() {
        match parse(&["solution", "sum", "--", "--help"]).unwrap().command {
            Some(Command::Solution(s)) => assert_eq!(s.args, ["--help"]),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn check_without_an_exercise_means_the_current_one() {
        match parse(&["check"]).unwrap().command {
            Some(Command::Check(check)) => assert_eq!(check.exercise, None),
            other => panic!("parsed as {other:?}"),
        }
    }
}
