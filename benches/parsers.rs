//! Issue 19, point 4: our JSON parser against sonic-rs and simd-json on the same JSON Lines
//! text (500 generated cases, seed 62, as `examples/gen.rs --cases 500` writes), one core.
//!
//! Each contender parses every line of the same in-memory text; throughput is the text's bytes.
//! Why one core: the loader parses lines on rayon's pool, so its speed per core is what a
//! parser swap would change; the machine's other builders would blur a parallel figure.
//!
//! - `ours_loader`: `Export::add_text`, the loader's whole JSON Lines path (line split, parse
//!   with spans, duplicate keys, record kind), in a one-thread pool.
//! - `ours_parse_per_line`: `load::parse_json_value_shifted` per line: the same single-pass
//!   parser into `Node` with spans, plus the nesting-depth scan that this public entry point
//!   does first (the loader skips it), so it is a slightly pessimistic parse-only figure.
//! - `sonic_lazy_spans`: sonic-rs into our `Node` with spans. sonic-rs's `Value` has no
//!   positions; its lazy iterators give each value's raw slice of the input, and the slice's
//!   address minus the text's address is the value's offset. Each container is iterated from
//!   its raw slice, so nested bytes are skipped once per enclosing level (a record's fields
//!   are scanned about twice or three times).
//! - `sonic_value`: `sonic_rs::Value` per line, no spans (the crate's best case; the figure a
//!   note of ≈880 MB/s most likely came from).
//! - `simd_tape_nodes`: simd-json's tape (keeps key order and repeated keys) into our `Node`,
//!   spans left at zero: the tape has no offsets, so spans would need a second pass.
//! - `simd_borrowed_value`: `simd_json::BorrowedValue` per line, no spans (its best case).
//!
//! simd-json parses in place, so both simd contenders copy each line into a reused buffer
//! first; the copy is part of what adopting it would cost, and is measured.
//!
//! Before measuring, the sonic-rs tree is checked equal (values and spans) to ours on every
//! line, and the simd tape tree equal in values: the contenders do the same work.
//! Run with `cargo bench --bench parsers -- --warm-up-time 1 --measurement-time 5`.

#[path = "../examples/gen.rs"]
#[allow(dead_code)]
mod generator;

use clausecheck::load::{Export, Format, parse_json_value_shifted};
use clausecheck::model::{Key, Node, Span, Value};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use sonic_rs::{JsonValueTrait, LazyValue};

const CASES: usize = 500;
const SEED: u64 = 62;

/// The non-blank lines of `text`, line ends trimmed, as the JSON Lines loader takes them.
fn lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .collect()
}

fn ours(text: &str, line: &str) -> Node {
    parse_json_value_shifted(text, line, 0).expect("valid line")
}

/// The span of `raw`, a slice of `text`.
fn span_in(text: &str, raw: &str) -> Span {
    Span::new(raw.as_ptr() as usize - text.as_ptr() as usize, raw.len())
}

/// One line through sonic-rs into our model, spans from the raw slices' addresses.
fn sonic(text: &str, line: &str) -> Node {
    let trimmed = line.trim_matches([' ', '\t', '\r', '\n']);
    if trimmed.starts_with('{') {
        // A record (nearly every line): iterate it directly rather than skipping it whole
        // first to get a LazyValue of it.
        return Node::new(sonic_map(text, trimmed), span_in(text, trimmed));
    }
    let lazy: LazyValue = sonic_rs::from_str(line).expect("valid line");
    sonic_node(text, &lazy)
}

fn sonic_map(text: &str, raw: &str) -> Value {
    let entries = sonic_rs::to_object_iter(raw)
        .map(|entry| {
            let (key, value) = entry.expect("valid object");
            (Key::from(key.as_ref()), sonic_node(text, &value))
        })
        .collect();
    Value::Map(entries)
}

fn sonic_node(text: &str, lazy: &LazyValue) -> Node {
    let raw = lazy.as_raw_str();
    let value = match raw.as_bytes()[0] {
        b'{' => sonic_map(text, raw),
        b'[' => Value::List(
            sonic_rs::to_array_iter(raw)
                .map(|item| sonic_node(text, &item.expect("valid array")))
                .collect(),
        ),
        b'"' => Value::Text(lazy.as_str().expect("string").to_owned()),
        b't' => Value::Bool(true),
        b'f' => Value::Bool(false),
        b'n' => Value::Null,
        // The exact number text is at hand: read it as our parser does (i64 if it fits).
        _ => match raw.parse::<i64>() {
            Ok(i) if raw != "-0" => Value::Int(i),
            _ => Value::Float(raw.parse().expect("number")),
        },
    };
    Node::new(value, span_in(text, raw))
}

/// One line (copied into `buf`, which simd-json overwrites) through simd-json's tape into our
/// model; spans are zero, the tape having no offsets.
fn simd_tape(line: &str, buf: &mut Vec<u8>, buffers: &mut simd_json::Buffers) -> Node {
    buf.clear();
    buf.extend_from_slice(line.as_bytes());
    let tape = simd_json::to_tape_with_buffers(buf, buffers).expect("valid line");
    let mut at = 0;
    tape_node(&tape.0, &mut at)
}

fn tape_node(tape: &[simd_json::Node], at: &mut usize) -> Node {
    use simd_json::{Node as T, StaticNode as S};
    let here = &tape[*at];
    *at += 1;
    let value = match *here {
        T::Object { len, .. } => {
            let mut entries = Vec::with_capacity(len);
            for _ in 0..len {
                let T::String(key) = tape[*at] else {
                    unreachable!("object keys are strings")
                };
                *at += 1;
                entries.push((Key::new(key), tape_node(tape, at)));
            }
            Value::Map(entries)
        }
        T::Array { len, .. } => Value::List((0..len).map(|_| tape_node(tape, at)).collect()),
        T::String(s) => Value::Text(s.to_owned()),
        T::Static(S::Null) => Value::Null,
        T::Static(S::Bool(b)) => Value::Bool(b),
        T::Static(S::I64(i)) => Value::Int(i),
        T::Static(S::U64(u)) => i64::try_from(u).map_or(Value::Float(u as f64), Value::Int),
        T::Static(S::F64(f)) => Value::Float(f),
    };
    Node::new(value, Span::new(0, 0))
}

/// `node` with every span zeroed, to compare values alone.
fn unspanned(mut node: Node) -> Node {
    node.span = Span::new(0, 0);
    node.value = match node.value {
        Value::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k, unspanned(v)))
                .collect(),
        ),
        Value::List(items) => Value::List(items.into_iter().map(unspanned).collect()),
        other => other,
    };
    node
}

fn benches(c: &mut Criterion) {
    let text = String::from_utf8(generator::generate(CASES, SEED).export).expect("UTF-8");
    let lines = lines(&text);
    let mut buf = Vec::new();
    let mut buffers = simd_json::Buffers::default();
    for line in &lines {
        let expected = ours(&text, line);
        assert_eq!(sonic(&text, line), expected, "sonic-rs differs on {line}");
        assert_eq!(
            simd_tape(line, &mut buf, &mut buffers),
            unspanned(expected),
            "simd-json differs on {line}"
        );
    }
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");

    let mut g = c.benchmark_group("parsers");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    // Criterion runs these one after another; docs/parser.md runs each alone in turn, several
    // rounds, so the load of other builders falls on every contender alike.
    g.bench_function("ours_loader", |b| {
        b.iter_batched(
            || text.clone(),
            |text| {
                // The export is dropped here, inside the timing, as the other contenders'
                // trees are: freeing a tree of small allocations is a good part of the cost.
                one_thread.install(|| {
                    let mut export = Export::default();
                    export.add_text("export.jsonl".into(), text, Format::JsonLines);
                    export.records.len()
                })
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("ours_parse_per_line", |b| {
        b.iter(|| lines.iter().map(|l| ours(&text, l)).collect::<Vec<_>>())
    });
    g.bench_function("sonic_lazy_spans", |b| {
        b.iter(|| lines.iter().map(|l| sonic(&text, l)).collect::<Vec<_>>())
    });
    g.bench_function("sonic_value", |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|l| sonic_rs::from_str::<sonic_rs::Value>(l).expect("valid line"))
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("simd_tape_nodes", |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|l| simd_tape(l, &mut buf, &mut buffers))
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("simd_borrowed_value", |b| {
        // The values borrow each line's buffer, so each line gets its own copy (kept, as a
        // parsed export keeps its records).
        b.iter(|| {
            let mut copies: Vec<Vec<u8>> = lines.iter().map(|l| l.as_bytes().to_vec()).collect();
            let values: Vec<_> = copies
                .iter_mut()
                .map(|bytes| {
                    simd_json::to_borrowed_value_with_buffers(bytes, &mut buffers)
                        .expect("valid line")
                })
                .collect();
            values.len()
        })
    });
    g.finish();
}

criterion_group!(parsers, benches);
criterion_main!(parsers);
