"""Policy interventions: the contract (:mod:`policies.base`), the registry
(:mod:`policies.registry`), the status quo of 2023 (:mod:`policies.status_quo`) and one
module per built-in instrument."""
