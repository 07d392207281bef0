console.log('gradfit');
