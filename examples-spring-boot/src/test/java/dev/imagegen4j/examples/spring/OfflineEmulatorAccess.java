package dev.imagegen4j.examples.spring;

/** The POSTs the example's emulator received. */
final class OfflineEmulatorAccess {

    private OfflineEmulatorAccess() {
    }

    static int posts() {
        return OfflineEmulator.running().orElseThrow().journal().posts().size();
    }
}
