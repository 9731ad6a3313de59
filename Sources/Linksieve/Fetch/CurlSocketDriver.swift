internal import CCurl

/// Drives a libcurl multi handle by its sockets (`curl_multi_socket_action`): libcurl names the
/// sockets it waits on and when it next needs a timeout call (CURLMOPT_SOCKETFUNCTION and
/// CURLMOPT_TIMERFUNCTION), an `EpollSet` watches them, and libcurl is handed only the sockets
/// that are ready. Each event costs the same with ten transfers in flight or ten thousand, where
/// `curl_multi_perform` and `curl_multi_poll` walk every transfer on every wake-up.
/// Used on the fetcher's thread only.
final class CurlSocketDriver {
    private let multi: UnsafeMutableRawPointer
    private let sockets: EpollSet
    /// Watched with the sockets, so another thread can end a wait early.
    let wakeup: LoopWakeup
    /// When libcurl next wants `curl_multi_socket_action(CURL_SOCKET_TIMEOUT)`; nil: no timer.
    fileprivate var timerDeadline: ContinuousClock.Instant?

    init(multi: UnsafeMutableRawPointer) throws(FetchError) {
        self.multi = multi
        sockets = try EpollSet()
        wakeup = try LoopWakeup()
        sockets.watch(wakeup.descriptor, for: .readable)
        let me = Unmanaged.passUnretained(self).toOpaque()
        for (code, name) in [
            (lscurl_multi_setopt_socket_function(multi, watchSocket), "CURLMOPT_SOCKETFUNCTION"),
            (lscurl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, me), "CURLMOPT_SOCKETDATA"),
            (lscurl_multi_setopt_timer_function(multi, setTimer), "CURLMOPT_TIMERFUNCTION"),
            (lscurl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, me), "CURLMOPT_TIMERDATA"),
        ] where code != CURLM_OK {
            throw .curl(operation: "setting \(name)", detail: String(cString: curl_multi_strerror(code)))
        }
    }

    /// Waits at most `timeout` for a socket to become ready, libcurl's timer to expire or a wake-up,
    /// and lets libcurl act on what happened. Finished transfers are then in `curl_multi_info_read`.
    func drive(waitingAtMost timeout: Duration) {
        var wait = timeout
        if let deadline = timerDeadline {
            wait = min(wait, max(.zero, deadline - .now))
        }
        var running: Int32 = 0
        sockets.wait(milliseconds: Self.milliseconds(wait)) { socket, readiness in
            if socket == wakeup.descriptor {
                wakeup.drain()
                return
            }
            var flags: Int32 = 0
            if readiness.contains(.readable) { flags |= CURL_CSELECT_IN }
            if readiness.contains(.writable) { flags |= CURL_CSELECT_OUT }
            if readiness.contains(.failed) { flags |= CURL_CSELECT_ERR }
            _ = curl_multi_socket_action(multi, socket, flags, &running)
        }
        if let deadline = timerDeadline, deadline <= .now {
            // Cleared first: the call may set the next deadline through `setTimer`.
            timerDeadline = nil
            _ = curl_multi_socket_action(multi, CURL_SOCKET_BAD, 0, &running)
        }
    }

    fileprivate func watch(_ socket: Int32, what: Int32) {
        switch what {
        case CURL_POLL_REMOVE:
            sockets.forget(socket)
        case CURL_POLL_IN:
            sockets.watch(socket, for: .readable)
        case CURL_POLL_OUT:
            sockets.watch(socket, for: .writable)
        case CURL_POLL_INOUT:
            sockets.watch(socket, for: [.readable, .writable])
        default:
            sockets.watch(socket, for: [])
        }
    }

    /// Whole milliseconds for epoll, rounded up so that a timer due in 0.3 ms is not polled in a spin.
    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        return Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}

/// libcurl's CURLMOPT_SOCKETFUNCTION: which socket to watch for what, or to stop watching.
private let watchSocket: curl_socket_callback = { _, socket, what, userp, _ in
    guard let userp else { return -1 }
    Unmanaged<CurlSocketDriver>.fromOpaque(userp).takeUnretainedValue().watch(socket, what: what)
    return 0
}

/// libcurl's CURLMOPT_TIMERFUNCTION: when to call it about timeouts next (-1: never).
private let setTimer: curl_multi_timer_callback = { _, milliseconds, userp in
    guard let userp else { return -1 }
    let driver = Unmanaged<CurlSocketDriver>.fromOpaque(userp).takeUnretainedValue()
    driver.timerDeadline = milliseconds < 0 ? nil : .now + .milliseconds(Int64(milliseconds))
    return 0
}
