// Placeholder: replaced by the sample app (issue work in progress).
export {};
