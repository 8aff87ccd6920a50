//! What the process-tree tests share.

use huntkit_proctree::Summary;

/// A summary with no isolated processes, in the order MSTICPy's tests state the counts:
/// processes, roots, leaves, branches, largest depth.
pub fn summary(p: usize, r: usize, l: usize, b: usize, d: usize) -> Summary {
    Summary {
        processes: p,
        root_processes: r,
        leaf_processes: l,
        branch_processes: b,
        isolated_processes: 0,
        largest_tree_depth: d,
    }
}
