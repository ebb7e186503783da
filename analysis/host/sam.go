package host

import (
	"sort"
	"strings"

	"github.com/policyls/policyls/analysis/policy"
)

// RuleUnknownSAMTemplate is the host's own finding: an entry of a SAM
// function's Policies that names no SAM policy template. SAM rejects the
// template on deployment ("Policy template X is not found" at transform
// time), so it is an error. Host findings do not go through the policy
// rule registry (their policies do); the rule is described here and listed
// by Rules.
const RuleUnknownSAMTemplate = "HOST001"

// Rules are the host's rules, in the registry's shape, for reports that
// list the rules they use (SARIF).
func Rules() []policy.Rule {
	return []policy.Rule{{
		ID:       RuleUnknownSAMTemplate,
		Severity: policy.SeverityError,
		Summary:  "unknown SAM policy template",
		Why: "An AWS::Serverless::Function or StateMachine's Policies entry of the form {Name: {parameters}} must name " +
			"one of AWS SAM's policy templates (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html); " +
			"any other name fails the SAM transform. Check the spelling, or write the policy as a document with Statement.",
	}}
}

// samTemplate is what one SAM policy template grants: its parameters and
// the actions on what, summed up for hover.
type samTemplate struct {
	params []string
	grants string
}

// samTemplates are AWS SAM's policy templates by name. Source: the AWS SAM
// Developer Guide, "Policy template list"
// (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html);
// the grants are summed up from each template's statements (actions as the
// page lists them; resources in the stack's partition, Region and account
// unless said otherwise).
var samTemplates = map[string]samTemplate{
	"AcmGetCertificatePolicy":                        {[]string{"CertificateArn"}, "acm:GetCertificate on the certificate CertificateArn"},
	"AMIDescribePolicy":                              {nil, "ec2:DescribeImages on *"},
	"AthenaQueryPolicy":                              {[]string{"WorkGroupName"}, "Athena's list and get actions for catalogs, namespaces, tables and work groups on *; starting, stopping, reading and naming queries in the work group WorkGroupName"},
	"AWSSecretsManagerGetSecretValuePolicy":          {[]string{"SecretArn"}, "secretsmanager:GetSecretValue on the secret SecretArn"},
	"AWSSecretsManagerRotationPolicy":                {[]string{"FunctionName"}, "secretsmanager:DescribeSecret, GetSecretValue, PutSecretValue and UpdateSecretVersionStage on every secret whose rotation function is FunctionName; secretsmanager:GetRandomPassword on *"},
	"CloudFormationDescribeStacksPolicy":             {nil, "cloudformation:DescribeStacks on every stack"},
	"CloudWatchDashboardPolicy":                      {nil, "cloudwatch:GetDashboard, ListDashboards, PutDashboard and ListMetrics on *"},
	"CloudWatchDescribeAlarmHistoryPolicy":           {nil, "cloudwatch:DescribeAlarmHistory on *"},
	"CloudWatchPutMetricPolicy":                      {nil, "cloudwatch:PutMetricData on *"},
	"CodePipelineLambdaExecutionPolicy":              {nil, "codepipeline:PutJobSuccessResult and PutJobFailureResult on *"},
	"CodePipelineReadOnlyPolicy":                     {[]string{"PipelineName"}, "codepipeline:ListPipelineExecutions on the pipeline PipelineName"},
	"CodeCommitCrudPolicy":                           {[]string{"RepositoryName"}, "about 60 codecommit actions (pull, push, branches, merges, pull requests, comments, files, commits, tags, triggers, archives) on the repository RepositoryName"},
	"CodeCommitReadPolicy":                           {[]string{"RepositoryName"}, "codecommit's read actions (pull, get and list branches, merges, pull requests, comments, files, commits) on the repository RepositoryName"},
	"ComprehendBasicAccessPolicy":                    {nil, "comprehend's detect and batch-detect actions for entities, key phrases, dominant language and sentiment on *"},
	"CostExplorerReadOnlyPolicy":                     {nil, "ce:GetCostAndUsage, GetDimensionValues, GetReservationCoverage, GetReservationPurchaseRecommendation, GetReservationUtilization and GetTags on *"},
	"DynamoDBBackupFullAccessPolicy":                 {[]string{"TableName"}, "dynamodb:CreateBackup and DescribeContinuousBackups on the table TableName; DeleteBackup, DescribeBackup and ListBackups on its backups"},
	"DynamoDBCrudPolicy":                             {[]string{"TableName"}, "dynamodb:GetItem, DeleteItem, PutItem, Scan, Query, UpdateItem, BatchWriteItem, BatchGetItem, DescribeTable and ConditionCheckItem on the table TableName and its indexes"},
	"DynamoDBReadPolicy":                             {[]string{"TableName"}, "dynamodb:GetItem, Scan, Query, BatchGetItem and DescribeTable on the table TableName and its indexes"},
	"DynamoDBReconfigurePolicy":                      {[]string{"TableName"}, "dynamodb:UpdateTable on the table TableName"},
	"DynamoDBRestoreFromBackupPolicy":                {[]string{"TableName"}, "dynamodb:RestoreTableFromBackup on the table TableName's backups; PutItem, UpdateItem, DeleteItem, GetItem, Query, Scan and BatchWriteItem on the table"},
	"DynamoDBStreamReadPolicy":                       {[]string{"TableName", "StreamName"}, "dynamodb:DescribeStream, GetRecords and GetShardIterator on the stream StreamName of the table TableName; ListStreams on the table's streams"},
	"DynamoDBWritePolicy":                            {[]string{"TableName"}, "dynamodb:PutItem, UpdateItem and BatchWriteItem on the table TableName and its indexes"},
	"EC2CopyImagePolicy":                             {[]string{"ImageId"}, "ec2:CopyImage on the image ImageId"},
	"EC2DescribePolicy":                              {nil, "ec2:DescribeRegions and DescribeInstances on *"},
	"EcsRunTaskPolicy":                               {[]string{"TaskDefinition"}, "ecs:RunTask on the task definition TaskDefinition"},
	"EFSWriteAccessPolicy":                           {[]string{"FileSystem", "AccessPoint"}, "elasticfilesystem:ClientMount and ClientWrite on the file system FileSystem through the access point AccessPoint"},
	"EKSDescribePolicy":                              {nil, "eks:DescribeCluster and ListClusters on *"},
	"ElasticMapReduceAddJobFlowStepsPolicy":          {[]string{"ClusterId"}, "elasticmapreduce:AddJobFlowSteps on the cluster ClusterId"},
	"ElasticMapReduceCancelStepsPolicy":              {[]string{"ClusterId"}, "elasticmapreduce:CancelSteps on the cluster ClusterId"},
	"ElasticMapReduceModifyInstanceFleetPolicy":      {[]string{"ClusterId"}, "elasticmapreduce:ModifyInstanceFleet and ListInstanceFleets on the cluster ClusterId"},
	"ElasticMapReduceModifyInstanceGroupsPolicy":     {[]string{"ClusterId"}, "elasticmapreduce:ModifyInstanceGroups and ListInstanceGroups on the cluster ClusterId"},
	"ElasticMapReduceSetTerminationProtectionPolicy": {[]string{"ClusterId"}, "elasticmapreduce:SetTerminationProtection on the cluster ClusterId"},
	"ElasticMapReduceTerminateJobFlowsPolicy":        {[]string{"ClusterId"}, "elasticmapreduce:TerminateJobFlows on the cluster ClusterId"},
	"ElasticsearchHttpPostPolicy":                    {[]string{"DomainName"}, "es:ESHttpPost and ESHttpPut on the paths of the OpenSearch domain DomainName"},
	"EventBridgePutEventsPolicy":                     {[]string{"EventBusName"}, "events:PutEvents on the event bus EventBusName"},
	"FilterLogEventsPolicy":                          {[]string{"LogGroupName"}, "logs:FilterLogEvents on the streams of the log group LogGroupName"},
	"FirehoseCrudPolicy":                             {[]string{"DeliveryStreamName"}, "firehose:CreateDeliveryStream, DeleteDeliveryStream, DescribeDeliveryStream, PutRecord, PutRecordBatch and UpdateDestination on the delivery stream DeliveryStreamName"},
	"FirehoseWritePolicy":                            {[]string{"DeliveryStreamName"}, "firehose:PutRecord and PutRecordBatch on the delivery stream DeliveryStreamName"},
	"KinesisCrudPolicy":                              {[]string{"StreamName"}, "kinesis's create, delete, describe, tag, retention, shard and put-record actions on the stream StreamName"},
	"KinesisStreamReadPolicy":                        {[]string{"StreamName"}, "kinesis:ListStreams and DescribeLimits on every stream; DescribeStream, DescribeStreamSummary, GetRecords and GetShardIterator on the stream StreamName"},
	"KMSDecryptPolicy":                               {[]string{"KeyId"}, "kms:Decrypt on the key KeyId (a key ID, not an alias)"},
	"KMSEncryptPolicy":                               {[]string{"KeyId"}, "kms:Encrypt on the key KeyId (a key ID, not an alias)"},
	"LambdaInvokePolicy":                             {[]string{"FunctionName"}, "lambda:InvokeFunction on the function FunctionName, its versions and aliases (and any function whose name starts with it)"},
	"MobileAnalyticsWriteOnlyAccessPolicy":           {nil, "mobileanalytics:PutEvents on *"},
	"OrganizationsListAccountsPolicy":                {nil, "organizations:ListAccounts on *"},
	"PinpointEndpointAccessPolicy":                   {[]string{"PinpointApplicationId"}, "mobiletargeting:GetEndpoint, UpdateEndpoint and UpdateEndpointsBatch on the endpoints of the Amazon Pinpoint application PinpointApplicationId"},
	"PollyFullAccessPolicy":                          {[]string{"LexiconName"}, "polly:GetLexicon and DeleteLexicon on the lexicon LexiconName; DescribeVoices, ListLexicons, PutLexicon and SynthesizeSpeech on every lexicon"},
	"RekognitionDetectOnlyPolicy":                    {nil, "rekognition:DetectFaces, DetectLabels, DetectModerationLabels and DetectText on *"},
	"RekognitionFacesManagementPolicy":               {[]string{"CollectionId"}, "rekognition:IndexFaces, DeleteFaces, SearchFaces, SearchFacesByImage and ListFaces on the collection CollectionId"},
	"RekognitionFacesPolicy":                         {nil, "rekognition:CompareFaces and DetectFaces on *"},
	"RekognitionLabelsPolicy":                        {nil, "rekognition:DetectLabels and DetectModerationLabels on *"},
	"RekognitionNoDataAccessPolicy":                  {[]string{"CollectionId"}, "rekognition:CompareFaces, DetectFaces, DetectLabels and DetectModerationLabels on the collection CollectionId"},
	"RekognitionReadPolicy":                          {[]string{"CollectionId"}, "rekognition:ListCollections, ListFaces, SearchFaces and SearchFacesByImage on the collection CollectionId"},
	"RekognitionWriteOnlyAccessPolicy":               {[]string{"CollectionId"}, "rekognition:CreateCollection and IndexFaces on the collection CollectionId"},
	"Route53ChangeResourceRecordSetsPolicy":          {[]string{"HostedZoneId"}, "route53:ChangeResourceRecordSets on the hosted zone HostedZoneId"},
	"S3CrudPolicy":                                   {[]string{"BucketName"}, "s3:GetObject, ListBucket, GetBucketLocation, GetObjectVersion, PutObject, PutObjectAcl, GetLifecycleConfiguration, PutLifecycleConfiguration and DeleteObject on the bucket BucketName and its objects"},
	"S3FullAccessPolicy":                             {[]string{"BucketName"}, "s3's object get, put, delete, ACL and tagging actions on the objects of the bucket BucketName; ListBucket, GetBucketLocation and the lifecycle configuration on the bucket"},
	"S3ReadPolicy":                                   {[]string{"BucketName"}, "s3:GetObject, ListBucket, GetBucketLocation, GetObjectVersion and GetLifecycleConfiguration on the bucket BucketName and its objects"},
	"S3WritePolicy":                                  {[]string{"BucketName"}, "s3:PutObject, PutObjectAcl and PutLifecycleConfiguration on the bucket BucketName and its objects"},
	"SageMakerCreateEndpointConfigPolicy":            {[]string{"EndpointConfigName"}, "sagemaker:CreateEndpointConfig on the endpoint configuration EndpointConfigName"},
	"SageMakerCreateEndpointPolicy":                  {[]string{"EndpointName"}, "sagemaker:CreateEndpoint on the endpoint EndpointName"},
	"ServerlessRepoReadWriteAccessPolicy":            {nil, "serverlessrepo:CreateApplication, CreateApplicationVersion, GetApplication, ListApplications and ListApplicationVersions on every application"},
	"SESBulkTemplatedCrudPolicy":                     {[]string{"IdentityName"}, "ses:GetIdentityVerificationAttributes, SendEmail, SendRawEmail, SendTemplatedEmail, SendBulkTemplatedEmail and VerifyEmailIdentity on the SES identity IdentityName"},
	"SESCrudPolicy":                                  {[]string{"IdentityName"}, "ses:GetIdentityVerificationAttributes, SendEmail, SendRawEmail and VerifyEmailIdentity on the SES identity IdentityName"},
	"SESEmailTemplateCrudPolicy":                     {nil, "ses:CreateTemplate, GetTemplate, ListTemplates, UpdateTemplate, DeleteTemplate and TestRenderTemplate on *"},
	"SESSendBouncePolicy":                            {[]string{"IdentityName"}, "ses:SendBounce on the SES identity IdentityName"},
	"SNSCrudPolicy":                                  {[]string{"TopicName"}, "sns:ListSubscriptionsByTopic, CreateTopic, SetTopicAttributes, Subscribe and Publish on the topics whose names start with TopicName"},
	"SNSPublishMessagePolicy":                        {[]string{"TopicName"}, "sns:Publish on the topic TopicName"},
	"SQSPollerPolicy":                                {[]string{"QueueName"}, "sqs:ChangeMessageVisibility(Batch), DeleteMessage(Batch), GetQueueAttributes and ReceiveMessage on the queue QueueName"},
	"SQSSendMessagePolicy":                           {[]string{"QueueName"}, "sqs:SendMessage* on the queue QueueName"},
	"SSMParameterReadPolicy":                         {[]string{"ParameterName"}, "ssm:DescribeParameters on *; GetParameters, GetParameter and GetParametersByPath on the parameter ParameterName (a name without a leading slash; add KMSDecryptPolicy for a customer managed key)"},
	"SSMParameterWithSlashPrefixReadPolicy":          {[]string{"ParameterName"}, "ssm:DescribeParameters on *; GetParameters, GetParameter and GetParametersByPath on the parameter ParameterName (a name with a leading slash; add KMSDecryptPolicy for a customer managed key)"},
	"StepFunctionsExecutionPolicy":                   {[]string{"StateMachineName"}, "states:StartExecution on the state machine StateMachineName"},
	"TextractDetectAnalyzePolicy":                    {nil, "textract:DetectDocumentText, StartDocumentTextDetection, StartDocumentAnalysis and AnalyzeDocument on *"},
	"TextractGetResultPolicy":                        {nil, "textract:GetDocumentTextDetection and GetDocumentAnalysis on *"},
	"TextractPolicy":                                 {nil, "textract:* on *"},
	"VPCAccessPolicy":                                {nil, "ec2:CreateNetworkInterface, DeleteNetworkInterface, DescribeNetworkInterfaces and DetachNetworkInterface on *"},
}

// samTemplateUse is one {Name: {...}} entry of a SAM Policies list: the
// range of its name.
type samTemplateUse struct {
	name       string
	start, end int
}

// samDiagnostic is the finding for an unknown template name, or false.
func (u samTemplateUse) diagnostic() (policy.Diagnostic, bool) {
	if _, ok := samTemplates[u.name]; ok {
		return policy.Diagnostic{}, false
	}
	msg := "unknown SAM policy template " + quote(u.name)
	if near := nearestSAMTemplate(u.name); near != "" {
		msg += ": did you mean " + quote(near) + "?"
	}
	return policy.Diagnostic{Code: RuleUnknownSAMTemplate, Severity: policy.SeverityError, Start: u.start, End: u.end, Message: msg}, true
}

func quote(s string) string { return "\"" + s + "\"" }

// nearestSAMTemplate is the one template name likely meant, or "".
func nearestSAMTemplate(name string) string {
	names := make([]string, 0, len(samTemplates))
	for n := range samTemplates {
		names = append(names, n)
	}
	sort.Strings(names)
	if best, unique := policy.Suggest(name, names); unique {
		return best
	}
	return ""
}

// SAMTemplateHover explains the SAM policy template whose name is at
// offset: what it grants and its parameters, as Markdown, with the name's
// range; ok is false elsewhere and for unknown names.
func (r *Result) SAMTemplateHover(offset int) (markdown string, start, end int, ok bool) {
	for _, u := range r.samUses {
		if offset < u.start || offset > u.end {
			continue
		}
		t, known := samTemplates[u.name]
		if !known {
			return "", 0, 0, false
		}
		var b strings.Builder
		b.WriteString("**" + u.name + "** (AWS SAM policy template)\n\nGrants " + t.grants + ".")
		if len(t.params) > 0 {
			b.WriteString("\n\nParameters: " + strings.Join(t.params, ", ") + ".")
		} else {
			b.WriteString("\n\nNo parameters: write `" + u.name + ": {}`.")
		}
		return b.String(), u.start, u.end, true
	}
	return "", 0, 0, false
}
