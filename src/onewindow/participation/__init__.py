"""网上民意征集: consultations on drafts, surveys and citizens' proposals, with published
feedback held to its deadlines by the supervision ledger (docs/participation.md)."""
