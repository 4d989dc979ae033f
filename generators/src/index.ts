// Placeholder: replaced by the generators (issue work in progress).
export {};
