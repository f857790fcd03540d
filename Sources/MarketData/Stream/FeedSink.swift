/// A consumer of the feed that takes whole batches on the thread that decoded them.
///
/// `receive` is called in feed order, one call at a time, while the feed holds its lock: it
/// must not block or call back into the stream manager. The array is the feed's scratch
/// buffer, valid only during the call.
public protocol FeedSink: AnyObject, Sendable {
    func receive(_ updates: [StreamUpdate])
}
