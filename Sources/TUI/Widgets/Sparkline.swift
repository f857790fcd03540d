/// A one-row trend: the newest values that fit, scaled to eight block heights.
public enum Sparkline {
    static let blocks: [Unicode.Scalar] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func glyphs(_ values: [Double], width: Int) -> [Unicode.Scalar] {
        guard width > 0 else { return [] }
        let recent = values.suffix(width).filter(\.isFinite)
        guard let lo = recent.min(), let hi = recent.max() else { return [] }
        let span = hi - lo
        return recent.map { v in
            guard span > 0 else { return blocks[3] }
            return blocks[max(0, min(7, Int(((v - lo) / span * 7).rounded())))]
        }
    }
}
