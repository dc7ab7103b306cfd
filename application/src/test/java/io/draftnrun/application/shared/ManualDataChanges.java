package io.draftnrun.application.shared;

import io.draftnrun.application.shared.port.DataChanges;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A feed of data changes driven by the test: live or not, announcing what the test says. */
public final class ManualDataChanges implements DataChanges {
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private boolean live;

    @Override
    public synchronized void subscribe(Listener listener) {
        listeners.add(listener);
        if (live) {
            listener.live();
        }
    }

    public synchronized ManualDataChanges goLive() {
        live = true;
        listeners.forEach(Listener::live);
        return this;
    }

    public synchronized void lose() {
        live = false;
        listeners.forEach(Listener::reset);
    }

    public void announce(Change change) {
        listeners.forEach(l -> l.changed(change));
    }
}
