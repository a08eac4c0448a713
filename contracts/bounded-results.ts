// How results stay under Temporal's 2 MB payload limit whatever the instance's size: a long
// list comes back as its count, its first RESULT_LIST_SAMPLE items and a file in the store that
// holds all of them (read it as an MCP resource or with `lookerflow files get <path>`).

/** Items of a long list a result names; the list's file holds every one. */
export const RESULT_LIST_SAMPLE = 25;
