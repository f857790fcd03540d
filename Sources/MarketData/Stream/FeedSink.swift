/// A consumer of the feed that takes whole batches on the thread that decoded them.
///
/// `receive` is called in feed order, one call at a time, while the feed holds its lock: it
/// must not block or call back into the stream manager. The batch is the feed's scratch
/// buffer: keep it past the call and the feed has to copy it for its next one.
public protocol FeedSink: AnyObject, Sendable {
    func receive(_ batch: FeedBatch)
}
