//! The shared vocabulary of the pipeline: verdicts, three-valued truth, traces, fact
//! pointers, civil dates, counterfactual changes and "did you mean", and the one way a list
//! is cut to its first appearances. A leaf module: it depends on no other module of the
//! crate, and every stage may use it.

pub mod change;
pub mod dates;
pub mod op;
pub mod pointer;
pub mod suggest;
pub mod trace;
pub mod truth;
pub mod verdict;

/// `items` in order, each only where it first appears. Found by sorting rather than hashing:
/// the lists are a few dozen fact pointers, and hashing each cost more than sorting them.
pub fn once_each<T: Ord>(items: Vec<T>) -> Vec<T> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[a].cmp(&items[b]).then(a.cmp(&b)));
    let mut first = vec![false; items.len()];
    for (k, &at) in order.iter().enumerate() {
        if k == 0 || items[order[k - 1]] != items[at] {
            first[at] = true;
        }
    }
    items
        .into_iter()
        .zip(first)
        .filter_map(|(item, keep)| keep.then_some(item))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::once_each;

    #[test]
    fn once_each_keeps_first_appearances_in_order() {
        let items = vec!["/b", "/a", "/b", "/c", "/a", "/b"];
        assert_eq!(once_each(items), vec!["/b", "/a", "/c"]);
        assert!(once_each(Vec::<String>::new()).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn once_each_is_the_order_of_first_appearance(items in proptest::collection::vec("[a-d]{0,2}", 0..40)) {
            let refs: Vec<&str> = items.iter().map(String::as_str).collect();
            let mut seen = std::collections::HashSet::new();
            let want: Vec<&str> = refs.iter().copied().filter(|i| seen.insert(*i)).collect();
            proptest::prop_assert_eq!(once_each(refs), want.clone());
            // Owned items give the same order.
            let owned: Vec<String> = want.iter().map(|s| s.to_string()).collect();
            proptest::prop_assert_eq!(once_each(items.clone()), owned);
        }
    }
}
