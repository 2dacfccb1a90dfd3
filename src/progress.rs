//! A progress line on standard error while a large folder is checked: shown only once a few
//! hundred files are done (a small run finishes before it would help), and only when asked
//! for, which the command does on a terminal outside CI.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use perf_eval::batch::Watch;
use perf_eval::lang::Lang;

/// Files checked before the line appears.
const AFTER: usize = 300;

/// The progress of a run; does nothing unless made with a language.
pub struct Progress {
    lang: Option<Lang>,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A progress line in `lang`, or none.
    pub fn new(lang: Option<Lang>) -> Progress {
        Progress { lang, bar: None }
    }

    /// Whether a run should show progress: on a terminal, and never under CI (where logs are
    /// files and a redrawn line is noise).
    pub fn wanted(stderr_is_terminal: bool, ci: bool) -> bool {
        stderr_is_terminal && !ci
    }
}

impl Watch for Progress {
    fn update(&mut self, files: usize) {
        let Some(lang) = self.lang else { return };
        if self.bar.is_none() && files >= AFTER {
            let template = match lang {
                Lang::Zh => "{spinner} 已检查 {human_pos} 张表（{per_sec}）",
                Lang::En => "{spinner} {human_pos} tables checked ({per_sec})",
            };
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.set_position(files as u64);
            bar.enable_steady_tick(Duration::from_millis(120));
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(files as u64);
        }
    }

    /// Reports on a terminal are written with the line cleared, not drawn over.
    fn suspend(&mut self, write: &mut dyn FnMut()) {
        match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_on_a_terminal_outside_ci() {
        assert!(Progress::wanted(true, false));
        assert!(!Progress::wanted(true, true));
        assert!(!Progress::wanted(false, false));
    }

    #[test]
    fn nothing_is_drawn_before_a_few_hundred_files_or_without_a_language() {
        let mut progress = Progress::new(Some(Lang::Zh));
        progress.update(AFTER - 1);
        assert!(progress.bar.is_none());
        let mut silent = Progress::new(None);
        silent.update(10_000);
        assert!(silent.bar.is_none());
    }
}
