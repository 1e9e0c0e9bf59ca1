-- budget_delete: removes budget $id (its fired events and deliveries stay, as history).
DELETE FROM budgets WHERE id = $id;
