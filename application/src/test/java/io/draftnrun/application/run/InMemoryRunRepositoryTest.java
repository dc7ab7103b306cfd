package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunRepository;

class InMemoryRunRepositoryTest extends RunRepositoryContract {
    private final InMemoryRunRepository repository = new InMemoryRunRepository();

    @Override
    protected RunRepository repository() {
        return repository;
    }
}
