//! Hash maps and sets keyed by texts of the export (ids, unit names, round ids). SipHash, the
//! standard hasher, was a twentieth of a large check; foldhash is several times faster on
//! short keys and still seeds itself per process, so keys cannot be crafted ahead of time to
//! collide.

pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
