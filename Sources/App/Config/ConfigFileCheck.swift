/// The config file parser on text, for tools that cannot reach the app's internals (the fuzz
/// harness): nil when the text is a valid `config.toml`, else the one sentence a user would see.
public enum ConfigFileCheck {
    public static func problem(in text: String) -> String? {
        do {
            _ = try ConfigFile.parse(text, file: "config.toml")
            return nil
        } catch {
            return "\(error)"
        }
    }
}
