//! On SIGINT, SIGTERM or SIGHUP, the temporary files of reports being written are removed, then
//! the process ends as the signal would have ended it.

pub fn remove_pending_on_interrupt() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                perf_eval::output::remove_pending();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            }
        });
    }
}
