export const globalConditionKeys = [
    { key: 'aws:SourceIp', category: 'network', type: 'IPAddress', description: '' },
    { key: 'aws:PrincipalTag/tag-key', category: 'principal', type: 'String', description: '' }
];
