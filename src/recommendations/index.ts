export { RecommendationEngine, type Analysis, type RecommendationEngineDeps, type ScopedRecommendations } from './engine.js';
export { RECOMMENDATION_KINDS, recommendationJson, type Recommendation, type RecommendationJson, type RecommendationKind } from './recommendation.js';
export { scopeForBudget, type BudgetTarget, type RecommendationScope } from './scope.js';
export { recommendationsJson } from './response.js';
export { workforceAgents, workforceSummary, type ReportWindow } from './workforce/reports.js';
export { workforceTrends } from './workforce/trends.js';
