package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunInstances;
import io.draftnrun.application.run.port.RunRepository;

class InMemoryRunRepositoryTest extends RunRepositoryContract {
    private final InMemoryRunInstances instances = new InMemoryRunInstances();
    private final InMemoryRunRepository repository = new InMemoryRunRepository().withInstances(instances);

    @Override
    protected RunRepository repository() {
        return repository;
    }

    @Override
    protected RunInstances instances() {
        return instances;
    }
}
