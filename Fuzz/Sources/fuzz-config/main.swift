// The config file parser (`config.toml`): any text gives a configuration or one sentence
// naming what is wrong, never a crash.
import App
import FuzzSupport

runFuzzer { data, size in
    if let problem = ConfigFileCheck.problem(in: text(data, size)), problem.isEmpty {
        fail("an empty problem sentence")
    }
    return 0
}
