//! The cell parser on any text: never panics, and reading what it prints gives the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perf_eval::value::Value;

// libFuzzer's panic hook aborts on every panic, even one caught and handled inside the
// library; the default hook lets those pass, and a panic that escapes the target still aborts.
fuzz_target!(init: drop(std::panic::take_hook()), |text: &str| {
    let value = Value::parse(text);
    if let Value::Number { op, quantity } = &value {
        let printed = format!("{}{quantity}", op.map_or("", |op| op.symbol()));
        let again = Value::parse(&printed);
        if let Value::Number { quantity: q, .. } = &again {
            assert_eq!(q.number, quantity.number, "{text:?} printed as {printed:?}");
        }
        let _ = quantity.base();
    }
});
