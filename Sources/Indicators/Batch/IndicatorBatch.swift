import Foundation

/// The `thebot indicators` batch tool: candles CSV in, the same candles plus one column per
/// indicator output out.
public enum IndicatorBatch {
    /// Reads `inputPath`, computes `indicators` (default `IndicatorSpec.defaultListText`) and
    /// writes the CSV to `outputPath`, or to standard output when it is nil.
    ///
    /// Everything is validated and computed before anything is written, and a file output is
    /// written to a temporary file beside it and renamed into place, so a failure never
    /// leaves a partial or truncated output file.
    public static func run(inputPath: String, indicators: String?, outputPath: String?) throws(IndicatorBatchError) {
        let specs = try specs(indicators)
        let text = try readInput(inputPath)
        let output = try render(csv: text, specs: specs, inputName: inputPath)
        if let outputPath {
            try write(output, to: outputPath)
        } else {
            FileHandle.standardOutput.write(Data(output.utf8))
        }
    }

    /// The whole transformation on in-memory text; `inputName` only appears in error messages.
    public static func render(csv text: String, indicators: String?, inputName: String = "input") throws(IndicatorBatchError) -> String {
        try render(csv: text, specs: specs(indicators), inputName: inputName)
    }

    private static func specs(_ list: String?) throws(IndicatorBatchError) -> [IndicatorSpec] {
        do {
            return try IndicatorSpec.parseList(list ?? IndicatorSpec.defaultListText)
        } catch {
            throw .indicators(error)
        }
    }

    private static func render(csv text: String, specs: [IndicatorSpec], inputName: String) throws(IndicatorBatchError) -> String {
        let table = try CandleCSV(text: text, path: inputName)
        var set = IndicatorSet(specs: specs)
        var out = "open_time,open,high,low,close,volume"
        for column in set.columns { out += ",\(column)" }
        out += "\n"
        out.reserveCapacity(table.rows.count * (48 + 20 * set.columns.count))
        for row in table.rows {
            set.commit(row.bar)
            out += String(row.bar.openTime)
            for field in row.fields {
                out += ","
                out += field
            }
            for value in set.values {
                out += ","
                out += NumberText.format(value)
            }
            out += "\n"
        }
        return out
    }

    private static func readInput(_ path: String) throws(IndicatorBatchError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .inputNotFound(path: path)
        }
        guard !isDirectory.boolValue else { throw .cannotRead(path: path, reason: "it is a directory") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .cannotRead(path: path, reason: error.localizedDescription)
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func write(_ text: String, to path: String) throws(IndicatorBatchError) {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
        // POSIX rename replaces an existing output atomically, which FileManager.moveItem refuses to do.
        if rename(temporary.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(path: path, reason: reason)
        }
    }
}
