/// What a key asks the app to do. The loop forwards every action; it acts on none itself except
/// quitting its own run loop after forwarding `.quit`.
public enum KeyAction: Hashable, Sendable {
    case quit
    case up, down, left, right
    case zoomIn, zoomOut
    /// 1...9: the app maps the number to an interval (1m, 3m, 5m, 15m, 1h, 4h, 1d, ...).
    case interval(Int)
    case cycleRefresh
    case indicatorPicker
    case addSymbol
    case removeSymbol
    case nextTheme
    case togglePause
    case reconnect
    case clearToasts
    case help
    /// Notification channels, each switchable at run time.
    case toggleToasts, toggleModals, toggleBell, toggleDesktop
    /// Price alerts: set one on the selected symbol, list (and delete) them.
    case priceAlert, alertList
    /// Order flow panes: the depth ladder, the trades tape, and the ladder's price grouping.
    case depthLadder, tradesTape, finerBook, coarserBook
    // Text entry in pickers and dismissal of overlays.
    case escape, enter, backspace
    case char(Character)

    /// The remappable actions with their config names, in help order.
    public static let named: [(String, KeyAction, String)] = [
        ("quit", .quit, "quit"),
        ("up", .up, "previous symbol"),
        ("down", .down, "next symbol"),
        ("left", .left, "scroll chart back"),
        ("right", .right, "scroll chart forward"),
        ("zoom-in", .zoomIn, "fewer bars (zoom in)"),
        ("zoom-out", .zoomOut, "more bars (zoom out)"),
    ] + (1...9).map { ("interval-\($0)", KeyAction.interval($0), "interval \($0)") } + [
        ("cycle-refresh", .cycleRefresh, "refresh rate 100/500/1000 ms"),
        ("indicator-picker", .indicatorPicker, "add or remove indicators"),
        ("add-symbol", .addSymbol, "add a symbol"),
        ("remove-symbol", .removeSymbol, "remove the selected symbol"),
        ("next-theme", .nextTheme, "next theme"),
        ("toggle-pause", .togglePause, "pause or resume drawing"),
        ("reconnect", .reconnect, "reconnect now"),
        ("clear-toasts", .clearToasts, "clear alerts"),
        ("help", .help, "this help"),
        ("toggle-toasts", .toggleToasts, "signal toasts on/off"),
        ("toggle-modals", .toggleModals, "strong-signal pop-ups on/off"),
        ("toggle-bell", .toggleBell, "terminal bell on/off"),
        ("toggle-desktop", .toggleDesktop, "desktop notifications (OSC 9/777) on/off"),
        ("price-alert", .priceAlert, "set a price alert on the selected symbol"),
        ("alert-list", .alertList, "list and delete price alerts"),
        ("depth-ladder", .depthLadder, "depth ladder of the selected symbol on/off"),
        ("trades-tape", .tradesTape, "trades tape of the selected symbol on/off"),
        ("finer-book", .finerBook, "depth ladder: finer price grouping"),
        ("coarser-book", .coarserBook, "depth ladder: coarser price grouping"),
    ]

    /// Finds an action by config name: "zoom-in", "zoom_in" and "zoomIn" all work.
    public init?(name: String) {
        let folded = name.lowercased().replacingUnderscoresAndDashes
        guard let hit = KeyAction.named.first(where: { $0.0.replacingUnderscoresAndDashes == folded }) else { return nil }
        self = hit.1
    }
}
