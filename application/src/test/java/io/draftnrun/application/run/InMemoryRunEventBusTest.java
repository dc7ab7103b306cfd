package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunEventBus;

class InMemoryRunEventBusTest extends RunEventBusContract {
    private final InMemoryRunEventBus bus = new InMemoryRunEventBus();

    @Override
    protected RunEventBus publisher() {
        return bus;
    }

    @Override
    protected RunEventBus subscriber() {
        return bus;
    }
}
