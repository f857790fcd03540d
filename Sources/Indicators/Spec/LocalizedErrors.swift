import Foundation

// `localizedDescription` (what ArgumentParser and most callers print) should be the same
// one sentence as `description`, not Foundation's generic "operation could not be completed".

extension IndicatorSpecError: LocalizedError {
    public var errorDescription: String? { description }
}

extension IndicatorBatchError: LocalizedError {
    public var errorDescription: String? { description }
}
