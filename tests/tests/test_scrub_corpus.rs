//! Precision and recall of each scrubber detector on a generated, labelled
//! log corpus (`tests/corpus/generate.rs`: 20,000 lines, seed 2024, about a
//! third of the PII slots planted, the rest filled with look-alikes).
//!
//! A finding counts as a true positive only when a planted value of the
//! same detector has exactly its byte range. Run with `--nocapture` to see
//! the table and the first misses and false alarms of each detector.

#[path = "../corpus/generate.rs"]
mod generate;

use std::collections::{BTreeMap, HashSet};

use claims_scrub::{Detector, Finding, Scrubber, StreamOptions, audit_stream};
use generate::{Corpus, Planted, generate};

const SEED: u64 = 2024;
const LINES: usize = 20_000;

#[derive(Default, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    #[allow(clippy::cast_precision_loss)]
    fn precision(self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }

    #[allow(clippy::cast_precision_loss)]
    fn recall(self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

fn context(text: &[u8], range: &std::ops::Range<usize>) -> String {
    let from = range.start.saturating_sub(30);
    let to = (range.end + 30).min(text.len());
    format!(
        "{}[{}]{}",
        String::from_utf8_lossy(&text[from..range.start]),
        String::from_utf8_lossy(&text[range.clone()]),
        String::from_utf8_lossy(&text[range.end..to])
    )
    .replace('\n', "⏎")
}

fn score(corpus: &Corpus, findings: &[Finding]) -> BTreeMap<Detector, Score> {
    let mut scores: BTreeMap<Detector, Score> = Detector::ALL
        .iter()
        .map(|&d| (d, Score::default()))
        .collect();
    let planted: HashSet<(Detector, usize, usize)> = corpus
        .labels
        .iter()
        .map(|p| (p.detector, p.range.start, p.range.end))
        .collect();
    let found: HashSet<(Detector, usize, usize)> = findings
        .iter()
        .map(|f| (f.detector, f.range.start, f.range.end))
        .collect();
    let mut shown: BTreeMap<(Detector, bool), usize> = BTreeMap::new();
    for f in findings {
        let s = scores.entry(f.detector).or_default();
        if planted.contains(&(f.detector, f.range.start, f.range.end)) {
            s.tp += 1;
        } else {
            s.fp += 1;
            let n = shown.entry((f.detector, true)).or_default();
            if *n < 5 {
                *n += 1;
                println!(
                    "  false alarm {:>6}: {}",
                    f.detector,
                    context(&corpus.text, &f.range)
                );
            }
        }
    }
    for Planted { detector, range } in &corpus.labels {
        if !found.contains(&(*detector, range.start, range.end)) {
            scores.entry(*detector).or_default().fn_ += 1;
            let n = shown.entry((*detector, false)).or_default();
            if *n < 5 {
                *n += 1;
                println!(
                    "  missed      {detector:>6}: {}",
                    context(&corpus.text, range)
                );
            }
        }
    }
    scores
}

#[test]
fn precision_and_recall_per_detector() {
    let corpus = generate(SEED, LINES, 0.35);
    let findings = Scrubber::new().findings(&corpus.text);
    let scores = score(&corpus, &findings);

    println!(
        "corpus: {} lines, {} bytes, {} planted values, {} findings",
        corpus.lines,
        corpus.text.len(),
        corpus.labels.len(),
        findings.len()
    );
    println!(
        "{:>8} {:>7} {:>5} {:>5} {:>9} {:>9}",
        "detector", "planted", "fp", "fn", "precision", "recall"
    );
    for (d, s) in &scores {
        println!(
            "{:>8} {:>7} {:>5} {:>5} {:>9.4} {:>9.4}",
            d.name(),
            s.tp + s.fn_,
            s.fp,
            s.fn_,
            s.precision(),
            s.recall()
        );
    }

    // Floors: what the detectors achieve on this corpus, rounded down.
    for (d, s) in &scores {
        assert!(
            s.tp + s.fn_ >= 100,
            "{d}: too few planted values to measure"
        );
        let (min_recall, min_precision) = match d {
            Detector::Phone | Detector::Ipv4 | Detector::Ipv6 => (0.95, 0.95),
            _ => (0.99, 0.95),
        };
        assert!(
            s.recall() >= min_recall,
            "{d}: recall {:.4} < {min_recall}",
            s.recall()
        );
        assert!(
            s.precision() >= min_precision,
            "{d}: precision {:.4} < {min_precision}",
            s.precision()
        );
    }
}

#[test]
fn clean_text_has_no_findings() {
    // The same templates with every slot a look-alike.
    let corpus = generate(SEED + 1, 5_000, 0.0);
    assert!(corpus.labels.is_empty());
    let findings = Scrubber::new().findings(&corpus.text);
    for f in findings.iter().take(10) {
        println!(
            "  false alarm {:>6}: {}",
            f.detector,
            context(&corpus.text, &f.range)
        );
    }
    assert!(
        findings.is_empty(),
        "{} false alarms on clean text",
        findings.len()
    );
}

#[test]
fn streaming_audit_agrees_with_the_whole_text() {
    // A small line cap forces windows on the longest lines; the findings
    // (as stream offsets) must be those of the whole text.
    let corpus = generate(SEED + 2, 3_000, 0.5);
    let scrubber = Scrubber::new();
    let whole: Vec<(Detector, usize, usize)> = scrubber
        .findings(&corpus.text)
        .iter()
        .map(|f| (f.detector, f.range.start, f.range.len()))
        .collect();
    for reads in [7, 4096, 1 << 16] {
        let mut streamed = Vec::new();
        let reader = std::io::BufReader::with_capacity(reads, &corpus.text[..]);
        let stats = audit_stream(&scrubber, reader, StreamOptions::default(), |loc| {
            streamed.push((loc.detector, usize::try_from(loc.offset).unwrap(), loc.len));
        })
        .unwrap();
        assert_eq!(streamed, whole, "read size {reads}");
        assert_eq!(stats.lines, corpus.lines as u64);
        assert_eq!(stats.findings.total(), whole.len() as u64);
    }
}
