import Foundation
import MarketModel
import Signals
import TUI

/// Conversions between the signal engine's values and the screen's.
enum SignalWiring {
    static func row(_ s: Signal) -> SignalRow {
        row(s, saved: true)
    }

    static func row(_ s: Signal, saved: Bool) -> SignalRow {
        SignalRow(timeMs: s.time, symbol: s.symbol.name, rule: s.rule, reason: s.reason,
                  direction: s.direction == .bearish ? .down : .up, interval: s.interval,
                  id: s.id.uuidString.lowercased(), saved: saved)
    }

    static func direction(_ d: Signals.SignalDirection) -> TUI.SignalDirection? {
        switch d {
        case .bullish: return .up
        case .bearish: return .down
        case .neutral: return nil
        }
    }

    static func consensus(_ level: ConsensusLevel) -> TUI.SignalConsensus {
        switch level {
        case .strongBuy: return .strongBuy
        case .buy: return .buy
        case .neutral: return .neutral
        case .sell: return .sell
        case .strongSell: return .strongSell
        }
    }

    static func notificationSettings(_ alerts: AlertSettings) -> NotificationSettings {
        var channels: Set<NotificationChannel> = []
        if alerts.toast { channels.insert(.toast) }
        if alerts.modalStrength <= 1 { channels.insert(.modal) }
        if alerts.bell { channels.insert(.bell) }
        if alerts.desktop { channels.formUnion([.osc9, .osc777]) }
        if alerts.notifyCommand != nil { channels.insert(.command) }
        if alerts.webhook != nil { channels.insert(.webhook) }
        return NotificationSettings(enabled: channels, modalThreshold: min(1, alerts.modalStrength),
                                    command: alerts.notifyCommand, commandTimeout: alerts.notifyTimeout,
                                    webhookURL: alerts.webhook.flatMap { URL(string: $0) })
    }

    /// The channels one key switches, by the name the presenter uses (`MonitorPresenter.Command.toggle`).
    static func channels(_ name: String) -> [NotificationChannel] {
        switch name {
        case "toast": return [.toast]
        case "modal": return [.modal]
        case "bell": return [.bell]
        case "desktop": return [.osc9, .osc777]
        default: return []
        }
    }
}
